resource "azurerm_api_management_backend" "legacy" {
  name                = "legacy-erp"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://erp.internal.contoso.example/api"

  tls {
    validate_certificate_chain = false # fail: backend
    validate_certificate_name  = false
  }
}

resource "azurerm_api_management_backend" "renamed" {
  name                = "billing"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://10.20.0.15/billing"

  tls {
    validate_certificate_chain = true
    validate_certificate_name  = false # fail: backend
  }
}
