resource "azurerm_api_management" "svc" {
  name                = "contoso-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"

  # azurerm 3.x: the global policy as a block of the service
  policy {
    xml_content = <<XML
<policies>
  <inbound>
    <rate-limit-by-key calls="600" renewal-period="60" counter-key="@(context.Request.IpAddress)" />
  </inbound>
  <backend>
    <forward-request />
  </backend>
</policies>
XML
  }
}

resource "azurerm_api_management_api" "public" {
  name                  = "public"
  resource_group_name   = "rg-api"
  api_management_name   = azurerm_api_management.svc.name
  revision              = "1"
  path                  = "public"
  protocols             = ["https"]
  subscription_required = false
}

resource "azurerm_api_management_api_operation_policy" "public_search" {
  api_name            = azurerm_api_management_api.public.name
  api_management_name = azurerm_api_management_api.public.api_management_name
  resource_group_name = "rg-api"
  operation_id        = "search"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <llm-token-limit tokens-per-minute="5000" counter-key="@(context.Subscription?.Id ?? context.Request.IpAddress)" estimate-prompt-tokens="true" />
  </inbound>
</policies>
XML
}

# An operation without <base /> that sets its own limit.
resource "azurerm_api_management_api_operation_policy" "public_upload" {
  api_name            = azurerm_api_management_api.public.name
  api_management_name = azurerm_api_management_api.public.api_management_name
  resource_group_name = "rg-api"
  operation_id        = "upload"
  xml_content         = <<XML
<policies>
  <inbound>
    <limit-concurrency key="@(context.Request.IpAddress)" max-count="2">
      <quota-by-key calls="10" renewal-period="3600" counter-key="@(context.Request.IpAddress)" />
    </limit-concurrency>
  </inbound>
</policies>
XML
}
