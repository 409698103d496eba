"""Image files' bytes to numpy arrays and back through Pillow, in OpenCV's conventions as MXNet
1.9.1 uses them (BGR order, its gray conversions): what `mx.recordio.pack_img` / `unpack_img`
and `mx.image.imdecode` decode and encode with. Pillow is imported on first use.
"""
from __future__ import annotations

import numpy as np


def _pillow():
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError("Encoding and decoding images needs Pillow, which is not installed: "
                          "pip install 'ndsh[vision]' (or pip install pillow).") from error
    return Image


def _encode(img: np.ndarray, quality: int, img_fmt: str) -> bytes:
    import io
    image_module = _pillow()
    img = np.asarray(img)
    if img.ndim == 3 and img.shape[2] == 3:
        img = img[..., ::-1]
    elif img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    fmt = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}.get(img_fmt.lower())
    if fmt is None:
        raise ValueError(f"img_fmt {img_fmt!r}: only '.jpg', '.jpeg' and '.png' are encoded")
    out = io.BytesIO()
    options = {"quality": quality} if fmt == "JPEG" else {}
    image_module.fromarray(np.ascontiguousarray(img)).save(out, format=fmt, **options)
    return out.getvalue()


def _gray(image) -> np.ndarray:
    """A decoded image in gray as MXNet's OpenCV decoder gives it: JPEG's own luma, libpng's
    truncated (0.299, 0.587) conversion for PNG, OpenCV's rounded one otherwise."""
    if image.format == "JPEG":
        image.draft("L", image.size)
    if image.mode == "L":
        return np.asarray(image)
    rgb = np.asarray(image.convert("RGB")).astype(np.uint32)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    if image.format == "PNG":
        gray = (r * 9797 + g * 19234 + b * 3737) >> 15
        gray = np.where((r == g) & (r == b), r, gray)
    else:
        gray = (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14
    return gray.astype(np.uint8)


def _decode(s: bytes, iscolor: int, rgb: bool = False) -> np.ndarray:
    """Decoded image bytes: (H, W) for iscolor 0, (H, W, 3) for 1, as stored for -1; BGR unless
    rgb."""
    import io
    image = _pillow().open(io.BytesIO(s))
    if iscolor == 0:
        return _gray(image)
    if iscolor > 0 or image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    array = np.asarray(image)
    if array.ndim == 3 and not rgb:
        array = array[..., ::-1]
    return np.ascontiguousarray(array)
