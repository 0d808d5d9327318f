"""NewsPrep baselines: one module per task. They use the harness data API; the harness never imports them."""
