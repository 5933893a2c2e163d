variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type = string
}

variable "partner_rate_limit" {
  type    = number
  default = 50
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "db_password" {
  description = "Master password of the orders database"
  type        = string
  sensitive   = true
  default     = "orders-Passw0rd-2024"
}
