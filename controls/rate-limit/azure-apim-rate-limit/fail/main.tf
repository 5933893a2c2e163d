resource "azurerm_api_management" "svc" {
  name                = "contoso-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_api_management_product" "starter" {
  product_id            = "starter"
  api_management_name   = azurerm_api_management.svc.name
  resource_group_name   = "rg-api"
  display_name          = "Starter"
  subscription_required = true
  published             = true
}

resource "azurerm_api_management_product_policy" "starter" {
  product_id          = azurerm_api_management_product.starter.product_id
  api_management_name = azurerm_api_management_product.starter.api_management_name
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <rate-limit calls="5" renewal-period="60" />
    <quota calls="100" renewal-period="604800" />
  </inbound>
</policies>
XML
}

# Keyless callers don't go through the product and its limits.
resource "azurerm_api_management_api" "public" { # fail: api
  name                  = "public"
  resource_group_name   = "rg-api"
  api_management_name   = azurerm_api_management.svc.name
  revision              = "1"
  path                  = "public"
  protocols             = ["https"]
  subscription_required = false
}

resource "azurerm_api_management_product_api" "starter_public" {
  product_id          = azurerm_api_management_product.starter.product_id
  api_name            = azurerm_api_management_api.public.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
}

# Subscription required: every call comes through the starter product.
resource "azurerm_api_management_api" "catalog" {
  name                = "catalog"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "catalog"
  protocols           = ["https"]
}

resource "azurerm_api_management_product_api" "starter_catalog" {
  product_id          = "starter"
  api_name            = "catalog"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
}

# An operation that drops everything it would inherit.
resource "azurerm_api_management_api_operation_policy" "catalog_dump" {
  api_name            = azurerm_api_management_api.catalog.name
  api_management_name = azurerm_api_management_api.catalog.api_management_name
  resource_group_name = "rg-api"
  operation_id        = "dump"
  xml_content         = <<XML
<policies>
  <inbound> <!-- fail: operation-policy -->
    <set-backend-service base-url="https://catalog.contoso.example/dump" />
  </inbound>
</policies>
XML
}

# In a product this configuration does not manage: its policy is not known.
resource "azurerm_api_management_api" "legacy" { # unknown: api
  name                = "legacy"
  resource_group_name = "rg-api"
  api_management_name = azurerm_api_management.svc.name
  revision            = "1"
  path                = "legacy"
  protocols           = ["https"]
}

resource "azurerm_api_management_product_api" "unlimited_legacy" {
  product_id          = "unlimited"
  api_name            = azurerm_api_management_api.legacy.name
  api_management_name = azurerm_api_management.svc.name
  resource_group_name = "rg-api"
}
