"""`python -m ndsh.kernel -f CONNECTION_FILE`: what the kernelspec's argv starts."""
from ndsh.kernel.kernel import main

if __name__ == "__main__":
    main()
