"""`python -m mlstart`: the same entry as the `mlstart` console script."""

from mlstart.cli.launch import main

if __name__ == "__main__":
    main()
