resource "aws_secretsmanager_secret" "db" {
  name = "orders/db"
}

resource "aws_ecs_task_definition" "orders" {
  family                   = "orders"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = "arn:aws:iam::123456789012:role/orders-execution"

  container_definitions = jsonencode([
    {
      name      = "orders"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2"
      essential = true
      environment = [
        { name = "DB_HOST", value = "orders.cluster-c9akciq32.eu-west-1.rds.amazonaws.com" },
        # a pointer the application resolves itself
        { name = "DB_SECRET", value = aws_secretsmanager_secret.db.arn },
        { name = "PASSWORD_MIN_LENGTH", value = "12" },
        { name = "CACHE_CONNECTION_STRING", value = "redis-orders.internal:6379" },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "${aws_secretsmanager_secret.db.arn}:password::" },
      ]
    }
  ])
}
