variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_kms_key" "data" {
  description         = "database encryption"
  enable_key_rotation = true
}

resource "aws_db_instance" "orders" {
  identifier                      = "orders"
  engine                          = "postgres"
  instance_class                  = "db.r6g.large"
  allocated_storage               = 50
  username                        = "orders"
  password                        = var.db_password
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.data.arn
  skip_final_snapshot             = true
}

# Performance Insights off: not checked
resource "aws_rds_cluster_instance" "catalog" {
  identifier         = "catalog-1"
  cluster_identifier = "catalog"
  engine             = "aurora-postgresql"
  instance_class     = "db.r6g.large"
}
