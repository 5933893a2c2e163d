resource "azurerm_api_management_backend" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://orders.internal.contoso.example/api"
}

resource "azurerm_api_management_backend" "erp" {
  name                = "erp"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://erp.internal.contoso.example/api"

  tls {
    validate_certificate_chain = true
    validate_certificate_name  = true
  }
}
