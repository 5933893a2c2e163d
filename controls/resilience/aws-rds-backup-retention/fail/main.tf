variable "db_password" {
  type      = string
  sensitive = true
}

# backup_retention_period left out: RDS keeps 1 day
resource "aws_db_instance" "orders" { # fail: instance
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = var.db_password
  skip_final_snapshot = true
}

resource "aws_db_instance" "scratch" {
  identifier              = "scratch"
  engine                  = "mysql"
  instance_class          = "db.t4g.small"
  allocated_storage       = 20
  username                = "scratch"
  password                = var.db_password
  backup_retention_period = 0 # fail: instance
  skip_final_snapshot     = true
}

variable "retention_days" {
  type    = number
  default = 3
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier      = "catalog"
  engine                  = "aurora-postgresql"
  master_username         = "catalog"
  master_password         = var.db_password
  backup_retention_period = var.retention_days # fail: cluster
  skip_final_snapshot     = true
}

resource "aws_rds_cluster" "sessions" { # fail: cluster
  cluster_identifier  = "sessions"
  engine              = "aurora-mysql"
  master_username     = "sessions"
  master_password     = var.db_password
  skip_final_snapshot = true
}

variable "ledger_retention" {
  type = number
}

resource "aws_db_instance" "ledger" {
  identifier              = "ledger"
  engine                  = "postgres"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  username                = "ledger"
  password                = var.db_password
  backup_retention_period = var.ledger_retention # unknown: instance
  skip_final_snapshot     = true
}

# read replica: not checked
resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = "db.t4g.medium"
  skip_final_snapshot = true
}

resource "aws_neptune_cluster" "graph" { # fail: graph-document-cluster
  cluster_identifier  = "graph"
  engine              = "neptune"
  skip_final_snapshot = true
}

resource "aws_docdb_cluster" "profiles" {
  cluster_identifier      = "profiles"
  engine                  = "docdb"
  master_username         = "profiles"
  master_password         = var.db_password
  backup_retention_period = 3 # fail: graph-document-cluster
  skip_final_snapshot     = true
}
