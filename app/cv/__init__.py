"""CVs: the bank, a candidate's space, applications, sharing and matching."""
