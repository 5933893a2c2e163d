resource "azurerm_api_management_api" "both" {
  name                = "both"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  revision            = "1"
  path                = "both"
  protocols           = ["http", "https"] # fail: api
}

resource "azurerm_api_management_api" "socket" {
  name                = "socket"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  revision            = "1"
  path                = "socket"
  api_type            = "websocket"
  service_url         = "wss://stream.contoso.example"
  protocols           = ["ws"] # fail: api
}

variable "extra_protocol" {
  type = string
}

resource "azurerm_api_management_api" "configurable" {
  name                = "configurable"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  revision            = "1"
  path                = "configurable"
  protocols           = ["https", var.extra_protocol] # unknown: api
}
