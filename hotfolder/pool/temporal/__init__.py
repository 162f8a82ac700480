"""Work units on Temporal: the lab server's executor, the workflow and activity, and the worker machine's process."""
