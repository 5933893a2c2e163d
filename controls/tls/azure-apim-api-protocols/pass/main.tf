resource "azurerm_api_management_api" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  revision            = "1"
  path                = "orders"
  protocols           = ["https"]
}

resource "azurerm_api_management_api" "stream" {
  name                = "stream"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  revision            = "1"
  path                = "stream"
  api_type            = "websocket"
  service_url         = "wss://stream.contoso.example"
  protocols           = ["wss"]
}
