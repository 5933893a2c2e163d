variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_kms_key" "data" {
  description         = "database encryption"
  enable_key_rotation = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  storage_encrypted   = true
  kms_key_id          = aws_kms_key.data.arn
  skip_final_snapshot = true
}

# a read replica uses its source's key: not checked
resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = "db.t4g.medium"
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier          = "catalog"
  engine                      = "aurora-mysql"
  master_username             = "catalog"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.data.arn
  skip_final_snapshot         = true
}

resource "aws_db_instance_automated_backups_replication" "orders" {
  source_db_instance_arn = aws_db_instance.orders.arn
  kms_key_id             = "arn:aws:kms:eu-central-1:111122223333:key/0d1ba9e8-9421-498a-9c8a-01e9772b2924"
}
