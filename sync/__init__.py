"""Change log, batches, envelope crypto, merge, transports and the county server. Never imports Qt."""
