resource "aws_secretsmanager_secret" "db" {
  name = "orders/db"
}

data "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
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
        { name = "DB_PASSWORD", value = data.aws_secretsmanager_secret_version.db.secret_string }, # fail: task-definition
      ]
    }
  ])
}

resource "aws_ecs_task_definition" "billing" {
  family                   = "billing"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512

  container_definitions = jsonencode([
    {
      name      = "billing"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:2.0.1"
      essential = true
      environment = [
        { name = "STRIPE_SECRET_KEY", value = "sk_live_51HxQvZ2eZvKYlo2CkqL4mT9a" }, # fail: task-definition
      ]
    }
  ])
}

variable "partner_api_token_arn" {
  type = string
}

resource "aws_ecs_task_definition" "partner" {
  family                   = "partner"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512

  container_definitions = jsonencode([
    {
      name      = "partner"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/partner:0.9.0"
      essential = true
      environment = [
        { name = "PARTNER_TOKEN", value = local.partner_token }, # unknown: task-definition - can't tell what the local holds
      ]
    }
  ])
}

locals {
  partner_token = one(data.aws_ssm_parameters_by_path.partner.values)
}

data "aws_ssm_parameters_by_path" "partner" {
  path            = "/partner"
  with_decryption = true
}
