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

# Every request body of the API is checked against the API's schemas.
resource "azurerm_api_management_api_policy" "orders" {
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management_api.orders.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-content unspecified-content-type-action="prevent" max-size="102400" size-exceeded-action="prevent" errors-variable-name="requestBodyValidation">
      <content type="application/json" validate-as="json" action="prevent" allow-additional-properties="false" />
    </validate-content>
  </inbound>
</policies>
XML
}

resource "azurerm_api_management_api_operation" "create" {
  operation_id        = "create"
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
  display_name        = "Create an order"
  method              = "POST"
  url_template        = "/orders"
}

# Its own policy keeps <base />: the API's validation still runs.
resource "azurerm_api_management_api_operation" "update" {
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
    <set-header name="X-Operation" exists-action="override"><value>update</value></set-header>
  </inbound>
</policies>
XML
}
