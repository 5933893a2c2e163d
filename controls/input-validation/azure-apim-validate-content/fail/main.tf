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

# Nothing validates the body anywhere.
resource "azurerm_api_management_api_operation" "create" { # fail: operation
  operation_id        = "create"
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
  display_name        = "Create an order"
  method              = "POST"
  url_template        = "/orders"
}

# Reads have no body: not checked.
resource "azurerm_api_management_api_operation" "list" {
  operation_id        = "list"
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
  display_name        = "List orders"
  method              = "GET"
  url_template        = "/orders"
}

# Validation in detection mode only logs.
resource "azurerm_api_management_api_operation" "update" { # fail: operation
  operation_id        = "update"
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
  display_name        = "Update an order"
  method              = "PUT"
  url_template        = "/orders/{id}"

  template_parameter {
    name     = "id"
    type     = "string"
    required = true
  }
}

resource "azurerm_api_management_api_operation_policy" "update" {
  api_name            = azurerm_api_management_api_operation.update.api_name
  api_management_name = azurerm_api_management_api_operation.update.api_management_name
  resource_group_name = "rg-api"
  operation_id        = azurerm_api_management_api_operation.update.operation_id
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-content unspecified-content-type-action="detect" max-size="102400" size-exceeded-action="detect">
      <content type="application/json" validate-as="json" action="detect" />
    </validate-content>
  </inbound>
</policies>
XML
}

# The action comes from a named value.
resource "azurerm_api_management_api_operation" "patch" { # unknown: operation
  operation_id        = "patch"
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
  display_name        = "Patch an order"
  method              = "PATCH"
  url_template        = "/orders/{id}"

  template_parameter {
    name     = "id"
    type     = "string"
    required = true
  }
}

resource "azurerm_api_management_api_operation_policy" "patch" {
  api_name            = azurerm_api_management_api_operation.patch.api_name
  api_management_name = azurerm_api_management_api_operation.patch.api_management_name
  resource_group_name = "rg-api"
  operation_id        = azurerm_api_management_api_operation.patch.operation_id
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-content unspecified-content-type-action="{{validation-mode}}" max-size="102400" size-exceeded-action="{{validation-mode}}" />
  </inbound>
</policies>
XML
}
