"""compare: a transcript scored word by word against its gold `X.gold.cha`."""
