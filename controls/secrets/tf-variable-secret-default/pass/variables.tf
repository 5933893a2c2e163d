variable "db_password" {
  description = "Master password of the orders database, from the CI secret store"
  type        = string
  sensitive   = true
}

variable "google_credentials" {
  description = "Path of the service account key file"
  type        = string
  default     = "secrets/ci-service-account.json"
}

variable "api_token_secret_arn" {
  type    = string
  default = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-token-AbCdEf"
}

variable "password_length" {
  type    = number
  default = 24
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

# the EC2 instance metadata options: `http_tokens` asks for IMDSv2 session tokens, it holds none
variable "metadata_options" {
  description = "Instance metadata options of the node group's launch template"
  type        = map(string)
  default = {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

# the NAME of the Secrets Manager secret that holds the password, not the password
variable "db_password_secret" {
  description = "Name of the Secrets Manager secret holding the orders database password"
  type        = string
  default     = "prod/orders/db-password"
}

# connection strings that only say where to connect
variable "orders_connection_string" {
  type    = string
  default = "postgres://orders-db.internal.example.com:5432/orders"
}

variable "carts_connection_string" {
  type    = string
  default = "projects/shop-prod/instances/main/databases/carts"
}
