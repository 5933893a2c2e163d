provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAQKANARIETFKEY001"
  secret_key = "KanarieTfSecretKey/9dK2mQ8vX1pL7wR3nB5"
}

variable "db_url" {
  default = "postgresql://app:KanarieConnPassword77@db.internal:5432/orders"
}

variable "storage_connection" {
  default = "DefaultEndpointsProtocol=https;AccountName=orders;AccountKey=KanarieAccountKeyZm9vYmFyYmF6cXV4==;EndpointSuffix=core.windows.net"
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  username            = "app"
  password            = "KanarieDbPassword-4471"
  publicly_accessible = true
}

resource "aws_instance" "worker" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    export DB_PASSWORD=KanarieExportPassword91
    curl -H "Authorization: Bearer KanarieBearerTokenUserData5k3j2h1g" https://config.internal/
  EOT
}

resource "tls_locally_signed_cert" "unused" {
  cert_request_pem   = "unused"
  ca_key_algorithm   = "RSA"
  ca_private_key_pem = <<-EOT
    -----BEGIN RSA PRIVATE KEY-----
    MIIEowIBAAKCAQEAKanariePemBodyLineOne0123456789abcdefghijklmnopqrstu
    KanariePemBodyLineTwo0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH
    -----END RSA PRIVATE KEY-----
  EOT
  ca_cert_pem           = "unused"
  validity_period_hours = 12
  allowed_uses          = ["server_auth"]
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
  environment {
    variables = {
      STRIPE_SECRET_KEY = "KanarieLambdaStripeSecret8821"
      UPSTREAM_AUTH     = "Bearer KanarieLambdaBearerToken77aa"
    }
  }
}
