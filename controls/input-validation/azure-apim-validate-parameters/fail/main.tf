resource "azurerm_api_management" "svc" {
  name                = "contoso-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_api_management_api" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "orders"
  protocols           = ["https"]
}

# Nothing validates the parameters anywhere.
resource "azurerm_api_management_api_operation" "get" { # fail: operation
  operation_id        = "get"
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
  display_name        = "Get an order"
  method              = "GET"
  url_template        = "/orders/{id}"

  template_parameter {
    name     = "id"
    type     = "string"
    required = true
  }
}

# Validation in detection mode only logs.
resource "azurerm_api_management_api_operation" "search" { # fail: operation
  operation_id        = "search"
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
  display_name        = "Search orders"
  method              = "GET"
  url_template        = "/orders"

  request {
    query_parameter {
      name     = "customer"
      type     = "string"
      required = false
    }
  }
}

resource "azurerm_api_management_api_operation_policy" "search" {
  api_name            = azurerm_api_management_api_operation.search.api_name
  api_management_name = azurerm_api_management_api_operation.search.api_management_name
  resource_group_name = "rg-api"
  operation_id        = azurerm_api_management_api_operation.search.operation_id
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-parameters specified-parameter-action="detect" unspecified-parameter-action="detect" />
  </inbound>
</policies>
XML
}
