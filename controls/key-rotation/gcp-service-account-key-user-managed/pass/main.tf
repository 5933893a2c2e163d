resource "google_service_account" "ci" {
  account_id = "ci-deployer"
}

variable "ci_public_key_pem_base64" {
  type        = string
  description = "Base64 of the X.509 certificate of the key pair kept in the CI system's HSM"
}

resource "google_service_account_key" "ci" {
  service_account_id = google_service_account.ci.name
  public_key_data    = var.ci_public_key_pem_base64
}
