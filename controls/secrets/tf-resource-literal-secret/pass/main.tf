resource "random_password" "orders" {
  length  = 32
  special = true
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "orders"
  password            = random_password.orders.result
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "catalog" {
  cluster_identifier          = "catalog"
  engine                      = "aurora-postgresql"
  master_username             = "catalog"
  manage_master_user_password = true
  storage_encrypted           = true
  skip_final_snapshot         = true
}

variable "redis_auth_token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token
  auth_token_update_strategy = "ROTATE"
}

resource "aws_secretsmanager_secret" "orders_db" {
  name = "prod/orders/db"
}

resource "aws_secretsmanager_secret_version" "orders_db" {
  secret_id = aws_secretsmanager_secret.orders_db.id
  secret_string = jsonencode({
    username = "orders"
    password = random_password.orders.result
  })
}

# connection settings only: no credential in this secret
resource "aws_secretsmanager_secret_version" "orders_endpoint" {
  secret_id = aws_secretsmanager_secret.orders_db.id
  secret_string = jsonencode({
    host = "orders.cluster-abc.eu-west-1.rds.amazonaws.com"
    port = 5432
  })
}

resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    {
      name      = "worker"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1.4.2"
      essential = true
      environment = [
        { name = "QUEUE_URL", value = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs" },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.orders_db.arn },
      ]
    }
  ])
}

resource "aws_ssm_parameter" "endpoint" {
  name  = "/orders/endpoint"
  type  = "String"
  value = "https://orders.internal.example.com"
}

# IMDSv2: `http_tokens` is a setting, not a token
resource "aws_launch_template" "nodes" {
  name_prefix   = "orders-nodes-"
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "m6i.large"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

# the secret's name in the store, not its value; connection strings that only say where to
# connect
resource "aws_ecs_task_definition" "orders" {
  family = "orders"
  container_definitions = jsonencode([{
    name  = "orders"
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2"
    environment = [
      { name = "DB_PASSWORD_SECRET", value = "prod/orders/db-password" },
      { name = "CACHE_CONNECTION_STRING", value = "redis-orders.internal.example.com:6379" },
      { name = "DB_CONNECTION_STRING", value = "postgres://orders-db.internal:5432/orders" },
      { name = "SPANNER_CONNECTION_STRING", value = "projects/shop/instances/main/databases/orders" },
    ]
  }])
}
