"""Results: atomic writes, the failed folder, receipts."""
