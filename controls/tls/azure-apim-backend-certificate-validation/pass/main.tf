resource "azurerm_api_management_backend" "payments" {
  name                = "payments"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://payments.internal.contoso.example"

  tls {
    validate_certificate_chain = true
    validate_certificate_name  = true
  }
}

# no tls block: API Management validates chain and name
resource "azurerm_api_management_backend" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://orders.internal.contoso.example"
}
