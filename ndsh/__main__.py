"""`python -m ndsh`: the same command as the `ndsh` script (its usage line says `ndsh`)."""
from ndsh.cli import main

if __name__ == "__main__":
    main()
