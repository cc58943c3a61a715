"""``python -m sidalih.cli``: the same as the ``sidalih`` command."""

from sidalih.cli import main

if __name__ == "__main__":
    main()
