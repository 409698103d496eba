"""Shell syntax -> plain Python, so that the Session stays the one place code runs.

The shell accepts a few lines that are not Python; each is rewritten, line for line, into a
call that the Session then runs like any other code (IPython's `inputtransformer2` is the
model; this is a smaller one):

    x?  ?x            ->  __ndsh__.pinfo('x')              the page `ndsh doc x` shows
    x??               ->  __ndsh__.pinfo('x', source=True) the page and the source
    nd.*dot*?         ->  __ndsh__.psearch('nd.*dot*')     names matching a wildcard
    help x            ->  help('x')
    dir x             ->  dir(x)
    %time x.sum()     ->  __ndsh__.magic('time', 'x.sum()')
    y = %who_ls       ->  y = __ndsh__.magic('who_ls', '')
    exit, quit        ->  exit(), quit()
    help, ?           ->  __ndsh__.magic('quickref', '')   what the shell offers
    !ls -l            ->  __ndsh__.system('ls -l')         a shell command, on the terminal
    files = !ls       ->  files = __ndsh__.getoutput('ls') its output lines, as a list of str
    !!ls              ->  __ndsh__.getoutput('ls')         the same, shown as a result

A rewrite applies only where a line starts a statement, never inside brackets or a string
(the tokenizer decides). Whole-cell steps run first: prompts pasted along with code
(`>>> `, `... `, `In [3]: `, `   ...: `) are stripped and a common indent is removed.
"""
from __future__ import annotations

import io
import re
import textwrap
import tokenize

BRIDGE = "__ndsh__"        # the shell binds its helper object under this name

_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_HELP_SUFFIX = re.compile(rf"^(?P<name>{_DOTTED})(?P<marks>\?\??)$")
_HELP_PREFIX = re.compile(rf"^(?P<marks>\?\??)(?P<name>{_DOTTED})$")
_WILDCARD = re.compile(r"^(?P<pattern>[\w.*]*\*[\w.*]*)\?$")
_MAGIC = re.compile(r"^%(?P<name>[A-Za-z_]\w*)(?:\s+(?P<args>.*))?$")
_MAGIC_ASSIGN = re.compile(rf"^(?P<target>{_DOTTED})\s*=\s*%(?P<name>[A-Za-z_]\w*)"
                           r"(?:\s+(?P<args>.*))?$")
_WORD_COMMAND = re.compile(r"^(?P<word>help|dir)\s+(?P<arg>[A-Za-z_][\w.]*)$")
_EXIT = re.compile(r"^(?P<word>exit|quit)$")
_BARE_HELP = ("help", "?")
_SYSTEM_ASSIGN = re.compile(rf"^(?P<target>{_DOTTED})\s*=\s*!(?P<command>.*)$")

# Prompts of a transcript: python's `>>> ` / `... `, IPython's `In [3]: ` / `   ...: `,
# and ndsh's own.
_FIRST_PROMPT = re.compile(r"^(>>>|In \[\d+\]:)( |$)")
_ANY_PROMPT = re.compile(r"^(>>>|\.\.\.|In \[\d+\]:|\s*\.\.\.:)( |$)")


def transform_cell(text: str) -> str:
    """Rewrite a cell of shell input into plain Python, keeping its line numbers.

    Example:
        >>> transform_cell("x?")
        "__ndsh__.pinfo('x')"
        >>> print(transform_cell("for i in range(2):\\n    %time f(i)"))
        for i in range(2):
            __ndsh__.magic('time', 'f(i)')
        >>> transform_cell("s = '''\\n%not a magic\\n'''")
        "s = '''\\n%not a magic\\n'''"
    """
    text = strip_prompts(text)
    text = dedent_cell(text)
    lines = text.split("\n")
    candidates = {number: rewrite for number, line in enumerate(lines)
                  if (rewrite := rewrite_line(line)) is not None}
    if not candidates:
        return text
    starts = _statement_starts(lines, set(candidates))
    for number, rewrite in candidates.items():
        if number in starts:
            lines[number] = rewrite
    return "\n".join(lines)


def rewrite_line(line: str) -> str | None:
    """The Python for one line of shell syntax, or None when the line is plain Python.

    Example:
        >>> rewrite_line("  help nd.dot"), rewrite_line("x = 1")
        ("  help('nd.dot')", None)
    """
    stripped = line.strip()
    if not stripped:
        return None
    indent = line[:len(line) - len(line.lstrip())]
    call = _rewrite_statement(stripped)
    return None if call is None else indent + call


def _rewrite_statement(text: str) -> str | None:
    if text in _BARE_HELP:
        return _magic_call("quickref", "")
    if text.startswith("!"):
        return _system_call(text[1:])
    if text.startswith("%"):
        match = _MAGIC.match(text)
        return _magic_call(match["name"], match["args"]) if match else None
    if text.endswith("?") or text.startswith("?"):
        call = _help_call(text)
        if call is not None:
            return call
    match = _MAGIC_ASSIGN.match(text)
    if match:
        return f"{match['target']} = {_magic_call(match['name'], match['args'])}"
    match = _SYSTEM_ASSIGN.match(text)
    if match and match["command"].strip():
        return f"{match['target']} = {BRIDGE}.getoutput({match['command'].strip()!r})"
    match = _WORD_COMMAND.match(text)
    if match and _is_dotted(match["arg"]):
        word, arg = match["word"], match["arg"]
        return f"help({arg!r})" if word == "help" else f"dir({arg})"
    match = _EXIT.match(text)
    if match:
        return f"{match['word']}()"
    return None


def script_syntax_message(line: str) -> str | None:
    """What a SyntaxError says when a script (plain Python: `ndsh run`, `-c`, `%run`) holds a
    line of the shell's own syntax, or None when the line is not shell syntax.

    Example:
        >>> script_syntax_message("!ls -l")
        "`!ls -l` is shell syntax, which only ndsh's shell understands; a script is plain \
Python: write subprocess.run('ls -l', shell=True) (import subprocess)"
        >>> script_syntax_message("x = [1,") is None
        True
    """
    typed = line.strip()
    if rewrite_line(typed) is None:
        return None
    assigned = _SYSTEM_ASSIGN.match(typed)
    if assigned:
        instead = (f"{assigned['target']} = subprocess.run({assigned['command'].strip()!r}, "
                   "shell=True, capture_output=True, text=True).stdout.splitlines() "
                   "(import subprocess)")
    elif typed.startswith("!"):
        instead = f"subprocess.run({typed.lstrip('!').strip()!r}, shell=True) (import subprocess)"
    elif typed.startswith("%") or _MAGIC_ASSIGN.match(typed):
        instead = "the Python the magic stands for, or leave the line out"
    else:
        name = next((match["name"] for pattern in (_HELP_SUFFIX, _HELP_PREFIX)
                     if (match := pattern.match(typed))), None)
        word = _WORD_COMMAND.match(typed)
        instead = f"{word['word']}({word['arg']})" if word else \
            f"help({name})" if name else "help(NAME)"
    return (f"`{typed}` is shell syntax, which only ndsh's shell understands; a script is "
            f"plain Python: write {instead}")


_SCRIPT_NO_OP = re.compile(r"^%matplotlib(?:\s+inline)?\s*(?:#.*)?$")


def script_source(text: str) -> str:
    """A script's text as Python runs it: a `%matplotlib` or `%matplotlib inline` line (what a
    notebook's first cell says, and the kernel accepts) becomes `pass`, a no-op, as it is for
    the script's own plt.show() / savefig in the notebook. Other shell syntax stays, for the
    SyntaxError that script_syntax_message explains; line numbers are kept.

    Example:
        >>> print(script_source("import matplotlib\\n%matplotlib inline\\nx = 1"))
        import matplotlib
        pass
        x = 1
        >>> print(script_source("s = '''\\n%matplotlib inline\\n'''"))    # in a string: kept
        s = '''
        %matplotlib inline
        '''
    """
    if "%matplotlib" not in text:
        return text
    lines = text.split("\n")
    candidates = {number for number, line in enumerate(lines)
                  if _SCRIPT_NO_OP.match(line.strip())}
    if not candidates:
        return text
    for number in candidates & _statement_starts(lines, candidates):
        line = lines[number]
        lines[number] = line[:len(line) - len(line.lstrip())] + "pass"
    return "\n".join(lines)


def _system_call(command: str) -> str | None:
    """`!cmd` runs a command; `!!cmd` gives its lines as a value (IPython's `!!`)."""
    capture = command.startswith("!")
    command = command[1:].strip() if capture else command.strip()
    if not command:
        return None
    return f"{BRIDGE}.{'getoutput' if capture else 'system'}({command!r})"


def _magic_call(name: str, args: str | None) -> str:
    return f"{BRIDGE}.magic({name!r}, {(args or '').strip()!r})"


def _help_call(text: str) -> str | None:
    for pattern in (_HELP_SUFFIX, _HELP_PREFIX):
        match = pattern.match(text)
        if match:
            source = ", source=True" if match["marks"] == "??" else ""
            return f"{BRIDGE}.pinfo({match['name']!r}{source})"
    match = _WILDCARD.match(text)
    if match:
        return f"{BRIDGE}.psearch({match['pattern']!r})"
    return None


def _is_dotted(text: str) -> bool:
    return re.fullmatch(_DOTTED, text) is not None


def _statement_starts(lines: list[str], candidates: set[int]) -> set[int]:
    """Line numbers (0-based) where a statement starts. Candidate lines are tokenized as
    `pass` so that shell syntax cannot upset the tokenizer; past a tokenizer error (an
    unclosed string), every candidate it did not reach counts as a start (one it reached
    inside an unclosed bracket does not)."""
    probe = [(line[:len(line) - len(line.lstrip())] + "pass") if number in candidates else line
             for number, line in enumerate(lines)]
    starts: set[int] = set()
    seen: set[int] = set()             # candidate lines the tokenizer got to
    at_start, depth, last_row = True, 0, 0
    skip = {tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENCODING}
    try:
        for token in tokenize.generate_tokens(io.StringIO("\n".join(probe) + "\n").readline):
            last_row = token.start[0]
            if token.type == tokenize.NEWLINE:
                at_start = True
            elif token.type not in skip and token.type != tokenize.ENDMARKER:
                seen.add(token.start[0] - 1)
                if at_start and depth == 0:
                    starts.add(token.start[0] - 1)
                at_start = False
                if token.type == tokenize.OP and token.string in "([{":
                    depth += 1
                elif token.type == tokenize.OP and token.string in ")]}":
                    depth = max(0, depth - 1)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        starts |= {number for number in candidates
                   if number >= last_row - 1 and number not in seen}
    return starts


def strip_prompts(text: str) -> str:
    """Remove the prompts of a pasted transcript. Applies only when the text starts with a
    prompt; then the lines without one are the transcript's output, and are dropped.

    Example:
        >>> print(strip_prompts(">>> def f(x):\\n...     return x\\n>>> f(2)\\n2"))
        def f(x):
            return x
        f(2)
        >>> strip_prompts("In [3]: x = 1\\n   ...: y = 2\\nOut[3]: 7")
        'x = 1\\ny = 2'
    """
    lines = text.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if not _FIRST_PROMPT.match(first):
        return text
    kept = []
    for line in lines:
        match = _ANY_PROMPT.match(line)
        if match:
            kept.append(line[match.end():])
        elif not line.strip():
            kept.append("")
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)


def dedent_cell(text: str) -> str:
    """Remove an indent common to every line (code copied from inside a function).

    Example:
        >>> dedent_cell("    x = 1\\n    y = 2")
        'x = 1\\ny = 2'
    """
    first = next((line for line in text.split("\n") if line.strip()), "")
    if not first[:1].isspace():
        return text
    return textwrap.dedent(text)


def wants_silence(text: str) -> bool:
    """A cell ending in `;` asks for its value not to be shown (as in IPython).

    Example:
        >>> wants_silence("x.sum();"), wants_silence("x.sum()  # done;")
        (True, False)
    """
    try:
        tokens = [token for token in
                  tokenize.generate_tokens(io.StringIO(text.rstrip() + "\n").readline)
                  if token.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT,
                                        tokenize.ENDMARKER, tokenize.DEDENT)]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return False
    return bool(tokens) and tokens[-1].type == tokenize.OP and tokens[-1].string == ";"
