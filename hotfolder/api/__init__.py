"""The read-only HTTP status API: batchalign3-shaped views of the ledger (`hotfolder.api.app`)."""
