"""Building blocks of the generated access-policy matrix (test_policy_matrix.py)."""
