"""The class report: every learner's notebook run afresh, and what the class got right and wrong."""
