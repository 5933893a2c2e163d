resource "azurerm_api_management_api" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  revision            = "1"
  path                = "orders"
  protocols           = ["https"]
  service_url         = "http://orders.internal.contoso.example/api" # fail: api-service-url
}

resource "azurerm_api_management_backend" "billing" {
  name                = "billing"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "HTTP://billing.internal.contoso.example" # fail: backend-url
}

resource "azurerm_api_management_api_policy" "orders" {
  api_name            = azurerm_api_management_api.orders.name
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <choose>
      <when condition="@(context.Request.Headers.ContainsKey("X-Canary"))">
        <set-backend-service base-url="http://orders-canary.internal.contoso.example/api" /> <!-- fail: terraform-policy -->
      </when>
    </choose>
  </inbound>
</policies>
XML
}

resource "azurerm_api_management_api_operation_policy" "orders_export" {
  api_name            = "orders"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  operation_id        = "export"
  xml_content         = file("${path.module}/policies/export.xml") # fail: terraform-policy
}

resource "azurerm_api_management_api_policy" "reports" {
  api_name            = "reports"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <set-backend-service base-url="{{reports-backend-url}}" /> <!-- unknown: terraform-policy -->
  </inbound>
</policies>
XML
}
