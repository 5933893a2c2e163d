variable "db_password" {
  description = "Master password of the orders database"
  type        = string
  sensitive   = true
  default     = "Orders-Db-2024!" # fail: variable
}

variable "stripe_api_key" {
  type    = string
  default = "sk_live_4eC39HqLyjWDarjtT1zdp7dc00aa" # fail: variable
}

variable "deploy_user" {
  type = object({
    name     = string
    password = string
  })
  default = {
    name     = "deployer"
    password = "deploy-pass-1" # fail: variable
  }
}

# the name says nothing, the value is an AWS access key
variable "bootstrap_env" {
  type = map(string)
  default = {
    AWS_REGION        = "eu-west-1"
    AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE" # fail: variable
  }
}

variable "database_url" {
  type    = string
  default = "postgres://app:pa55w0rd@db.internal.example.com:5432/app" # fail: variable
}

# named as credentials, but no secret in the default: pass
variable "webhook_secret" {
  type      = string
  sensitive = true
}

variable "github_token" {
  type    = string
  default = ""
}

# not about credentials: not reported
variable "password_length" {
  type    = number
  default = 24
}

variable "secret_name" {
  type    = string
  default = "prod/orders/db"
}

variable "orders_connection_string" {
  type    = string
  default = "Server=orders-db;Database=orders;User Id=app;Password=Orders-Db-2024!" # fail: variable
}
