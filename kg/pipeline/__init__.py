"""The steps that turn one file into entry records, declared in order."""
