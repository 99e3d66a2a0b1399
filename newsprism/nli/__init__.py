"""Agreement and contradiction judges behind one interface (see _base.PairJudge)."""
