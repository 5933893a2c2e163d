resource "azurerm_api_management_product" "partners" {
  product_id            = "partners"
  api_management_name   = "contoso-apim"
  resource_group_name   = "rg-api"
  display_name          = "Partners"
  subscription_required = true
  approval_required     = true
  subscriptions_limit   = 1
  published             = true
}

resource "azurerm_api_management_product_group" "partners_developers" {
  product_id          = azurerm_api_management_product.partners.product_id
  group_name          = "developers"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
}

# visible to a vetted group only: not checked
resource "azurerm_api_management_product" "internal" {
  product_id            = "internal"
  api_management_name   = "contoso-apim"
  resource_group_name   = "rg-api"
  display_name          = "Internal"
  subscription_required = true
  published             = true
}

resource "azurerm_api_management_group" "employees" {
  name                = "employees"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  display_name        = "Employees"
  type                = "external"
  external_id         = "aad://contoso.onmicrosoft.com/groups/00000000-0000-0000-0000-000000000000"
}

resource "azurerm_api_management_product_group" "internal_employees" {
  product_id          = azurerm_api_management_product.internal.product_id
  group_name          = "employees"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  depends_on          = [azurerm_api_management_group.employees]
}
