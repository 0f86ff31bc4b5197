"""Member establishments and their people."""
