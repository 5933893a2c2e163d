variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "postgres"
  instance_class                      = "db.t4g.medium"
  allocated_storage                   = 50
  username                            = "orders"
  password                            = var.db_password
  iam_database_authentication_enabled = true
  skip_final_snapshot                 = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier                  = "catalog"
  engine                              = "aurora-mysql"
  master_username                     = "catalog"
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
  skip_final_snapshot                 = true
}

# SQL Server has no IAM database authentication: not checked
resource "aws_db_instance" "erp" {
  identifier          = "erp"
  engine              = "sqlserver-se"
  license_model       = "license-included"
  instance_class      = "db.m5.large"
  allocated_storage   = 100
  username            = "erpadmin"
  password            = var.db_password
  skip_final_snapshot = true
}
