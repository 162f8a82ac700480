"""benchmark: a recording transcribed and scored word by word against its gold transcript."""
