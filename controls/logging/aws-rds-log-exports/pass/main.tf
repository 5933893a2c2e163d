variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" {
  identifier                      = "orders"
  engine                          = "postgres"
  instance_class                  = "db.t4g.medium"
  allocated_storage               = 50
  username                        = "orders"
  password                        = var.db_password
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  skip_final_snapshot             = true
}

resource "aws_rds_cluster" "sessions" {
  cluster_identifier              = "sessions"
  engine                          = "aurora-mysql"
  master_username                 = "sessions"
  manage_master_user_password     = true
  enabled_cloudwatch_logs_exports = ["audit", "error", "slowquery"]
  skip_final_snapshot             = true
}

# Aurora Serverless v1 publishes its logs itself: not checked
resource "aws_rds_cluster" "reports" {
  cluster_identifier          = "reports"
  engine                      = "aurora-mysql"
  engine_mode                 = "serverless"
  master_username             = "reports"
  manage_master_user_password = true
  skip_final_snapshot         = true
}
