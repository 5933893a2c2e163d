resource "azurerm_api_management_api" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  revision            = "1"
  path                = "orders"
  protocols           = ["https"]
  service_url         = "https://orders.internal.contoso.example/api"
}

resource "azurerm_api_management_backend" "billing" {
  name                = "billing"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://billing.internal.contoso.example"
}

resource "azurerm_api_management_api_policy" "orders" {
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <set-backend-service base-url="https://orders-v2.internal.contoso.example/api" />
  </inbound>
</policies>
XML
}

resource "azurerm_api_management_api_operation_policy" "orders_export" {
  api_name            = "orders"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  operation_id        = "export"
  xml_content         = file("${path.module}/policies/export.xml")
}
