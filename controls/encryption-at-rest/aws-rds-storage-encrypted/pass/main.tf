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

resource "aws_rds_global_cluster" "payments" {
  global_cluster_identifier = "payments"
  engine                    = "aurora-postgresql"
  engine_version            = "16.2"
  storage_encrypted         = true
}

# built from an existing cluster: takes its encryption, not checked
resource "aws_rds_global_cluster" "ledger" {
  global_cluster_identifier    = "ledger"
  source_db_cluster_identifier = "arn:aws:rds:eu-west-1:111122223333:cluster:ledger"
  force_destroy                = true
}
