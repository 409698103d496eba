"""The interactive shell: `ndsh.repl.app` is the loop (prompt_toolkit, imported only by the
shell). `magics`, `state` and `introspection` import no terminal UI, so magics can be
defined and tested without prompt_toolkit."""
