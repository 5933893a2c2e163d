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
