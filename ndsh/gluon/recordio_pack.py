"""The records inside MXNet's image RecordIO files (`mx.recordio.pack`, `unpack`, `pack_img`,
`unpack_img`, `IRHeader`), as MXNet 1.9.1 lays them out: a header (flag, label, id, id2), the
labels when there are several, then the payload (an encoded image).
"""
from __future__ import annotations

import numbers
import struct
from collections import namedtuple

import numpy as np

from ndsh.gluon.image_codec import _decode, _encode

__all__ = ["IRHeader", "pack", "unpack", "pack_img", "unpack_img"]

IRHeader = namedtuple("HEADER", ["flag", "label", "id", "id2"])
IRHeader.__doc__ = """The header of an image record: its flag, label and ids.

Parameters:
    flag: the number of float labels stored after the header (0: one label, in the header).
    label: the label, a number (or an array, which pack stores after the header).
    id: the record's id.
    id2: a second id.

Example:
    >>> mx.recordio.IRHeader(0, 4.0, 2574, 0).label
    4.0
"""
_IR_FORMAT = "IfQQ"
_IR_SIZE = struct.calcsize(_IR_FORMAT)


def pack(header, s: bytes) -> bytes:
    """A record's bytes: the header (label a number, or an array stored after it), then s.

    Parameters:
        header: an IRHeader (or a 4-tuple).
        s: the payload's bytes.

    Example:
        >>> rec = mx.recordio.pack(mx.recordio.IRHeader(0, [1, 2], 7, 0), b'img')
        >>> mx.recordio.unpack(rec)
        (HEADER(flag=2, label=array([1., 2.], dtype=float32), id=7, id2=0), b'img')
    """
    header = IRHeader(*header)
    if isinstance(header.label, numbers.Number):
        header = header._replace(flag=0)
    else:
        label = np.asarray(header.label, dtype=np.float32)
        header = header._replace(flag=label.size, label=0)
        s = label.tobytes() + s
    return struct.pack(_IR_FORMAT, *header) + s


def unpack(s: bytes):
    """(header, payload) of a record pack() made.

    Parameters:
        s: the record's bytes.

    Example:
        >>> mx.recordio.unpack(mx.recordio.pack(mx.recordio.IRHeader(0, 4.0, 2574, 0), b'x'))
        (HEADER(flag=0, label=4.0, id=2574, id2=0), b'x')
    """
    header = IRHeader(*struct.unpack(_IR_FORMAT, s[:_IR_SIZE]))
    s = s[_IR_SIZE:]
    if header.flag > 0:
        header = header._replace(label=np.frombuffer(s, np.float32, header.flag))
        s = s[header.flag * 4:]
    return header, s


def unpack_img(s: bytes, iscolor: int = -1):
    """(header, image) of an image record: the image decoded (by Pillow) into a numpy array in
    OpenCV's channel order, BGR, as MXNet returns it.

    Parameters:
        s: the record's bytes.
        iscolor: 0 gray (H, W), 1 colour (H, W, 3), -1 as stored.

    Example:
        >>> img = np.zeros((2, 3, 3), dtype=np.uint8); img[..., 2] = 255   # red, in BGR
        >>> rec = mx.recordio.pack_img(mx.recordio.IRHeader(0, 1.0, 0, 0), img, img_fmt='.png')
        >>> header, back = mx.recordio.unpack_img(rec); back.shape, back[0, 0].tolist()
        ((2, 3, 3), [0, 0, 255])
    """
    header, s = unpack(s)
    return header, _decode(s, iscolor)


def pack_img(header, img: np.ndarray, quality: int = 95, img_fmt: str = ".jpg") -> bytes:
    """An image record: the header, then the image encoded by Pillow as JPEG or PNG.

    Parameters:
        header: an IRHeader (or a 4-tuple).
        img: the image, a numpy array in BGR order (OpenCV's), (H, W, 3) or (H, W).
        quality: the JPEG quality.
        img_fmt: '.jpg' or '.png'.

    Example:
        >>> rec = mx.recordio.pack_img(mx.recordio.IRHeader(0, 3.0, 1, 0),
        ...                            np.zeros((4, 4, 3), dtype=np.uint8))
        >>> mx.recordio.unpack(rec)[0]
        HEADER(flag=0, label=3.0, id=1, id2=0)
    """
    return pack(header, _encode(img, quality, img_fmt))
