resource "azurerm_api_management_backend" "payments" {
  name                = "payments"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://payments.internal.contoso.example"

  tls {
    validate_certificate_chain = false # fail: backend - any self-signed certificate is accepted
    validate_certificate_name  = true
  }
}

resource "azurerm_api_management_backend" "ledger" {
  name                = "ledger"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://10.20.0.15"

  tls {
    validate_certificate_name = false # fail: backend
  }
}

variable "validate_backend_chain" {
  type = bool
}

resource "azurerm_api_management_backend" "reports" {
  name                = "reports"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://reports.internal.contoso.example"

  tls {
    validate_certificate_chain = var.validate_backend_chain # unknown: backend
  }
}
