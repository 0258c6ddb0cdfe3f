"""The build: chunks, dumps, VoID, exports, documentation."""
