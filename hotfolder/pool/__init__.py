"""Running work: the executor seam and the local process pool."""
