"""The run: the stages applied to chunks of documents (``stages``), where they run (``local``,
``ray_engine``), the whole run with its bookkeeping (``pipeline``) and its progress."""
