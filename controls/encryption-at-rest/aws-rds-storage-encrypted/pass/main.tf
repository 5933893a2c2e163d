resource "aws_kms_key" "rds" {
  description         = "RDS storage"
  enable_key_rotation = true
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  storage_encrypted   = true
  kms_key_id          = aws_kms_key.rds.arn
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier  = "catalog"
  engine              = "aurora-postgresql"
  master_username     = "catalog"
  master_password     = var.db_password
  storage_encrypted   = true
  skip_final_snapshot = true
}

# Aurora Serverless v1 clusters are always encrypted
resource "aws_rds_cluster" "jobs" {
  cluster_identifier  = "jobs"
  engine              = "aurora-mysql"
  engine_mode         = "serverless"
  master_username     = "jobs"
  master_password     = var.db_password
  skip_final_snapshot = true
}
