environment        = "prod"
log_retention_days = 90
