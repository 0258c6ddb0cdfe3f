"""The `kg` command: a thin layer over the functions of the other subpackages."""
